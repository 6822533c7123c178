//! Tables for people, JSON for scripts.

use serde::Serialize;

use crate::error::CliError;

/// Prints any value as pretty JSON on stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| CliError::Other(e.to_string()))?;
    println!("{text}");
    Ok(())
}

/// Prints a FIELD/VALUE table of what is known about something: each field that has a value,
/// in the order given (the human form of the `get` commands of job families).
pub fn print_fields<'a>(fields: impl IntoIterator<Item = (&'a str, Option<String>)>) {
    let mut table = Table::new(["FIELD", "VALUE"]);
    for (name, value) in fields {
        if let Some(value) = value {
            table.row([name.to_owned(), value]);
        }
    }
    table.print();
}

/// Seconds as the tables show them (`12.5s`).
pub fn seconds(value: f64) -> String {
    format!("{value:.1}s")
}

/// A plain aligned table: a header row, then rows, columns padded to their widest cell.
pub struct Table<const N: usize> {
    header: [String; N],
    rows: Vec<[String; N]>,
}

impl<const N: usize> Table<N> {
    /// A table with these column titles.
    pub fn new(header: [&str; N]) -> Self {
        Self {
            header: header.map(str::to_owned),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: [String; N]) {
        self.rows.push(cells);
    }

    /// The table as text, one line per row, no trailing spaces.
    pub fn render(&self) -> String {
        let mut widths = self.header.each_ref().map(|h| h.chars().count());
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |cells: &[String; N]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            padded.join("  ").trim_end().to_owned()
        };
        std::iter::once(&self.header)
            .chain(&self.rows)
            .map(line)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Prints the table on stdout.
    pub fn print(&self) {
        println!("{}", self.render());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align() {
        let mut t = Table::new(["ID", "NAME"]);
        t.row(["a".into(), "Angela".into()]);
        t.row(["longer-id".into(), "B".into()]);
        assert_eq!(
            t.render(),
            "ID         NAME\na          Angela\nlonger-id  B"
        );
    }
}

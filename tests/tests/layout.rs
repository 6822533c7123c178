//! The shape of the code, checked: imports flow one way at every folder level (no cycle among
//! sibling modules in any crate), and the mock's core names no API area and no `/_mock`
//! control, so that areas can be added without touching it.
//!
//! The check reads the sources as text: every `use` tree and every inline `crate::…` /
//! `super::…` path is resolved to a module path, and a reference from module `a::b::x` to
//! `a::b::y` is an edge between the siblings `x` and `y` of `a::b`.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

/// The crates whose module graphs must be acyclic.
const CRATES: [&str; 5] = [
    "heygen-api",
    "heygen-cli",
    "heygen-mock",
    "heygen-spec",
    "xtask",
];

fn crate_src(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates")
        .join(name)
        .join("src")
}

/// Every library module file of a crate with its module path (`core/jobs/mod.rs` →
/// `["core", "jobs"]`). Binary roots (`main.rs`, `bin/`) are crate roots of their own and are
/// checked as such when they have modules.
fn module_files(src: &Path) -> Vec<(Vec<String>, String)> {
    let mut out = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).unwrap();
            let mut segments: Vec<String> = relative
                .iter()
                .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_owned())
                .collect();
            if segments.first().is_some_and(|s| s == "bin") {
                continue;
            }
            if matches!(
                segments.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                segments.pop();
            }
            out.push((segments, std::fs::read_to_string(&path).unwrap()));
        }
    }
    out
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.to_owned()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| expand(p).into_iter().map(move |s| format!("{prefix}{s}")))
        .collect()
}

/// Drops line comments, so that doc comments naming modules are not references.
fn code_only(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path a file refers to, resolved against the file's own module path.
fn references(module: &[String], text: &str) -> Vec<Vec<String>> {
    let code = code_only(text);
    let mut paths = Vec::new();
    for statement in code.split(';') {
        let statement = statement.trim();
        let tree = statement
            .strip_prefix("pub use ")
            .or_else(|| statement.strip_prefix("use "))
            .or_else(|| statement.strip_prefix("pub(crate) use "));
        match tree {
            Some(tree) => paths.extend(expand(&tree.replace(char::is_whitespace, ""))),
            None => paths.extend(inline_paths(statement)),
        }
    }
    paths.iter().filter_map(|p| resolve(module, p)).collect()
}

/// `crate::x::y` and `super::x` paths written inside code.
fn inline_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for start in ["crate::", "super::"] {
        let mut rest = code;
        while let Some(i) = rest.find(start) {
            let before = rest[..i].chars().next_back();
            let tail = &rest[i..];
            let end = tail
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(tail.len());
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                out.push(tail[..end].to_owned());
            }
            rest = &tail[end.max(1)..];
        }
    }
    out
}

fn resolve(module: &[String], path: &str) -> Option<Vec<String>> {
    let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<String> = match segments.first()? {
        &"crate" => Vec::new(),
        &"super" | &"self" => module.to_vec(),
        _ => return None,
    };
    let mut rest = &segments[..];
    if segments[0] == "crate" {
        rest = &segments[1..];
    }
    while let Some((&first, tail)) = rest.split_first() {
        match first {
            "super" => {
                base.pop()?;
            }
            "self" => {}
            _ => break,
        }
        rest = tail;
    }
    base.extend(rest.iter().map(|s| (*s).to_owned()));
    Some(base)
}

/// Sibling edges: (parent, from, to) for each reference that crosses between siblings.
fn sibling_edges(files: &[(Vec<String>, String)]) -> BTreeSet<(Vec<String>, String, String)> {
    let modules: BTreeSet<&Vec<String>> = files.iter().map(|(m, _)| m).collect();
    let mut edges = BTreeSet::new();
    for (module, text) in files {
        for target in references(module, text) {
            let common = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            if common >= module.len() || common >= target.len() {
                continue; // a reference to an ancestor or a descendant
            }
            let to = target[..=common].to_vec();
            if !modules.contains(&to) {
                continue; // an item of the parent, not a sibling module
            }
            edges.insert((
                module[..common].to_vec(),
                module[common].clone(),
                target[common].clone(),
            ));
        }
    }
    edges
}

/// A cycle among siblings, if there is one, as `a -> b -> a`.
fn find_cycle(edges: &BTreeSet<(Vec<String>, String, String)>) -> Option<String> {
    let mut graphs: BTreeMap<&Vec<String>, BTreeMap<&str, Vec<&str>>> = BTreeMap::new();
    for (parent, from, to) in edges {
        graphs
            .entry(parent)
            .or_default()
            .entry(from)
            .or_default()
            .push(to);
    }
    for (parent, graph) in &graphs {
        for start in graph.keys() {
            let mut stack = vec![(*start, vec![*start])];
            while let Some((node, trail)) = stack.pop() {
                for next in graph.get(node).into_iter().flatten() {
                    if next == start {
                        let at = if parent.is_empty() {
                            "crate root".to_owned()
                        } else {
                            parent.join("::")
                        };
                        return Some(format!("in {at}: {} -> {start}", trail.join(" -> ")));
                    }
                    if !trail.contains(next) {
                        let mut longer = trail.clone();
                        longer.push(next);
                        stack.push((next, longer));
                    }
                }
            }
        }
    }
    None
}

#[test]
fn imports_flow_one_way_at_every_folder_level() {
    for name in CRATES {
        let files = module_files(&crate_src(name));
        assert!(!files.is_empty(), "{name} has sources");
        if let Some(cycle) = find_cycle(&sibling_edges(&files)) {
            panic!("{name}: sibling modules import each other: {cycle}");
        }
    }
}

#[test]
fn the_mock_core_names_no_area_and_no_control() {
    let files = module_files(&crate_src("heygen-mock"));
    let core: Vec<_> = files
        .iter()
        .filter(|(m, _)| m.first().is_some_and(|s| s == "core"))
        .collect();
    assert!(core.len() > 10, "the core is where it should be");
    for (module, text) in core {
        for target in references(module, text) {
            assert!(
                !matches!(
                    target.first().map(String::as_str),
                    Some("areas" | "control")
                ),
                "core::{} refers to {}: the core must not name an area or a control",
                module[1..].join("::"),
                target.join("::")
            );
        }
    }
    for (module, text) in files
        .iter()
        .filter(|(m, _)| m.first().is_some_and(|s| s == "control"))
    {
        for target in references(module, text) {
            assert!(
                target.first().is_none_or(|s| s != "areas"),
                "{} refers to {}: controls reach areas through the core's registries",
                module.join("::"),
                target.join("::")
            );
        }
    }
}

#[test]
fn the_checker_sees_cycles_and_area_references() {
    let files = vec![
        (vec!["a".to_owned()], "use crate::b::X;".to_owned()),
        (vec!["b".to_owned()], "fn f() { crate::a::g(); }".to_owned()),
        (
            vec!["c".to_owned(), "d".to_owned()],
            "use super::{e::Y, F};".to_owned(),
        ),
        (vec!["c".to_owned(), "e".to_owned()], String::new()),
    ];
    let edges = sibling_edges(&files);
    assert!(
        find_cycle(&edges).is_some_and(|c| c.contains("a -> b -> a") || c.contains("b -> a -> b"))
    );
    assert!(edges.contains(&(vec!["c".to_owned()], "d".to_owned(), "e".to_owned())));
    assert_eq!(
        references(&["core".to_owned()], "use crate::areas::{videos::V, x};").len(),
        2
    );
    assert_eq!(expand("a::{b, c::{d, e}}"), ["a::b", "a::c::d", "a::c::e"]);
}

#[test]
fn the_spec_linter_builds_without_the_client() {
    // `cargo xtask lint-spec` must run on a spec that breaks code generation, so neither the
    // linter nor xtask may depend on the generated client (or the mock, which uses it).
    for name in ["heygen-spec", "xtask"] {
        let manifest = crate_src(name).join("../Cargo.toml");
        let text = std::fs::read_to_string(&manifest).unwrap();
        for forbidden in ["heygen-api", "heygen-mock"] {
            assert!(
                !text.lines().any(|l| l.trim_start().starts_with(forbidden)),
                "{name} depends on {forbidden}"
            );
        }
    }
}

//! Progress displays on stderr: a spinner while a job runs, a byte bar while a file downloads.
//! Both are hidden under `--json`, so scripts see only the JSON on stdout.

use std::time::Duration;

use heygen_api::wait::Progress;
use indicatif::{ProgressBar, ProgressStyle};

/// A ticking spinner with a message and the elapsed time (hidden if `json`); the caller
/// clears it with `finish_and_clear` when the wait ends.
pub fn spinner(json: bool) -> ProgressBar {
    if json {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// A wait-progress callback that shows the job's id and status on `bar`.
pub fn show_progress(bar: &ProgressBar) -> impl FnMut(Progress<'_>) + '_ {
    move |p: Progress<'_>| bar.set_message(format!("{} is {}", p.id, p.status))
}

/// A bar of bytes written, total and speed (hidden if `json`); its length is set once the
/// size is known, see [`show_bytes`].
pub fn byte_bar(json: bool) -> ProgressBar {
    let bar = if json {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(0)
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// A download-progress callback (`done`, `total` if known) that moves `bar`.
pub fn show_bytes(bar: &ProgressBar) -> impl FnMut(u64, Option<u64>) + '_ {
    move |done, total| {
        if let Some(total) = total {
            bar.set_length(total);
        }
        bar.set_position(done);
    }
}

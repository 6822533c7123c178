//! Pinned outside tools, installed on first use under `target/tools/` from PyPI and npm, so a
//! clean clone needs nothing but Python 3 and Node with their package registries.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

/// Schemathesis from PyPI.
pub const SCHEMATHESIS: &str = "schemathesis==4.32.5";
/// Redocly CLI from npm.
pub const REDOCLY: &str = "@redocly/cli@2.77.0";
/// Stoplight Prism from npm (the benchmark's comparison mock).
pub const PRISM: &str = "@stoplight/prism-cli@5.16.0";

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tools_dir() -> PathBuf {
    root().join("target/tools")
}

/// Runs a command, failing with its name if it does not succeed.
pub fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed with {status}"))
    }
}

/// The `schemathesis` executable, installed into a venv if missing or of another version.
pub fn schemathesis() -> Result<PathBuf, String> {
    let venv = tools_dir().join("schemathesis-venv");
    let exe = venv.join("bin/schemathesis");
    let marker = venv.join(SCHEMATHESIS);
    if exe.exists() && marker.exists() {
        return Ok(exe);
    }
    eprintln!("installing {SCHEMATHESIS} into {}", venv.display());
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    run(Command::new(venv.join("bin/pip")).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        SCHEMATHESIS,
    ]))?;
    std::fs::write(&marker, b"").map_err(|e| e.to_string())?;
    Ok(exe)
}

/// The `redocly` executable, installed with npm if missing.
pub fn redocly() -> Result<PathBuf, String> {
    npm_tool("redocly", REDOCLY, "redocly")
}

/// The `prism` executable, installed with npm if missing.
pub fn prism() -> Result<PathBuf, String> {
    npm_tool("prism", PRISM, "prism")
}

fn npm_tool(dir: &str, package: &str, bin: &str) -> Result<PathBuf, String> {
    let prefix = tools_dir().join(dir);
    let exe = prefix.join("node_modules/.bin").join(bin);
    let marker = prefix.join(format!("installed-{}", package.replace('/', "_")));
    if exe.exists() && marker.exists() {
        return Ok(exe);
    }
    eprintln!("installing {package} into {}", prefix.display());
    std::fs::create_dir_all(&prefix).map_err(|e| e.to_string())?;
    run(Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(&prefix)
        .arg(package))?;
    std::fs::write(&marker, b"").map_err(|e| e.to_string())?;
    Ok(exe)
}

/// A path shown relative to the root when possible.
pub fn shown(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The `heygen-mock` binary, running on a free loopback port; killed when dropped.
pub struct MockProcess {
    child: std::process::Child,
    url: String,
}

impl MockProcess {
    /// Builds the debug binary (a no-op after `cargo test`) and starts it with `args`,
    /// waiting for its `listening on …` line.
    pub fn start(args: &[&str]) -> Result<Self, String> {
        use std::io::{BufRead, BufReader};
        run(Command::new(env!("CARGO")).current_dir(root()).args([
            "build",
            "--quiet",
            "-p",
            "heygen-mock",
            "--bin",
            "heygen-mock",
        ]))?;
        let binary = root().join("target/debug/heygen-mock");
        let mut child = Command::new(&binary)
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            BufReader::new(stdout)
                .read_line(&mut line)
                .map_err(|e| format!("heygen-mock printed no address: {e}"))?;
        }
        let mut mock = Self {
            child,
            url: String::new(),
        };
        // Built before checking the line, so that a failed start still kills the child.
        match line.trim().strip_prefix("listening on ") {
            Some(url) => {
                mock.url = url.to_owned();
                Ok(mock)
            }
            None => Err(format!("heygen-mock's first line was {line:?}")),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

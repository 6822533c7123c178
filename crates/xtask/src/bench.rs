//! `cargo xtask bench`: the mock against Prism and a bare axum server, under `wrk`, plus
//! startup time and status reads at 1k and 1M stored jobs. Prints a table and writes
//! `target/bench/latest.json`; `docs/benchmarks.md` records the figures with the machine.

use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::{Value, json};

use crate::tools::{self, root, run};

const KEY: &str = "bench-key";
const STATUS_PATH: &str = "/v1/video_status.get?video_id=abcdef123456";
const AVATARS_PATH: &str = "/v2/avatars";
const GENERATE_PATH: &str = "/v2/video/generate";

/// Options of the benchmark.
pub struct Options {
    /// Load per route and server.
    pub duration: Duration,
    /// Concurrent connections.
    pub connections: u32,
    /// Leave Prism out.
    pub skip_prism: bool,
    /// Jobs for the scale test.
    pub jobs: usize,
}

struct Server {
    name: &'static str,
    child: Child,
    port: u16,
    startup: Duration,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Peak resident memory so far, in KiB (Linux `VmHWM`).
    fn peak_rss_kib(&self) -> Option<u64> {
        proc_status_kib(self.child.id(), "VmHWM:")
    }

    fn rss_kib(&self) -> Option<u64> {
        proc_status_kib(self.child.id(), "VmRSS:")
    }
}

fn proc_status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// One raw HTTP request with the benchmark's API key (which `/_mock` controls need too); the
/// status code and body, or `None` if nothing answered.
fn request(port: u16, method: &str, path: &str, body: Option<&str>) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: {KEY}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    Some((status, body))
}

fn probe(port: u16, method: &str, path: &str) -> Option<u16> {
    request(port, method, path, None).map(|(status, _)| status)
}

/// Starts a server and measures the time from spawn to its first 200 on `/v2/avatars`.
fn start(name: &'static str, mut command: Command, port: u16) -> Result<Server, String> {
    let started = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {name}: {e}"))?;
    let mut server = Server {
        name,
        child,
        port,
        startup: Duration::ZERO,
    };
    while started.elapsed() < Duration::from_secs(60) {
        if probe(port, "GET", AVATARS_PATH) == Some(200) {
            server.startup = started.elapsed();
            return Ok(server);
        }
        if let Ok(Some(status)) = server.child.try_wait() {
            return Err(format!("{name} exited early with {status}"));
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    Err(format!("{name} did not answer within 60 s"))
}

/// What `wrk` measured.
#[derive(Debug, Clone, Copy, Default)]
struct Load {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    non_2xx: u64,
}

fn millis(text: &str) -> Option<f64> {
    let (number, unit) = text
        .find(|c: char| c.is_ascii_alphabetic())
        .map(|i| text.split_at(i))?;
    let n: f64 = number.parse().ok()?;
    Some(match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        "m" => n * 60_000.0,
        _ => return None,
    })
}

fn parse_wrk(output: &str) -> Result<Load, String> {
    let mut load = Load::default();
    for line in output.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("Requests/sec:"), Some(v)) => load.rps = v.parse().unwrap_or(0.0),
            (Some("50%"), Some(v)) => load.p50_ms = millis(v).unwrap_or(f64::NAN),
            (Some("99%"), Some(v)) => load.p99_ms = millis(v).unwrap_or(f64::NAN),
            (Some("Non-2xx"), _) => {
                load.non_2xx = line
                    .rsplit(' ')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0)
            }
            _ => {}
        }
    }
    if load.rps == 0.0 {
        return Err(format!("wrk printed no throughput:\n{output}"));
    }
    Ok(load)
}

fn wrk(options: &Options, url: &str, script: Option<&PathBuf>) -> Result<Load, String> {
    let mut command = Command::new("wrk");
    command
        .args(["-t", "2", "-c", &options.connections.to_string()])
        .args(["-d", &format!("{}s", options.duration.as_secs().max(1))])
        .args(["--latency", "-H", &format!("X-Api-Key: {KEY}")]);
    if let Some(script) = script {
        command.arg("-s").arg(script);
    }
    let output = command
        .arg(url)
        .output()
        .map_err(|e| format!("cannot run wrk (install it: apt-get install wrk): {e}"))?;
    parse_wrk(&String::from_utf8_lossy(&output.stdout))
}

fn post_script() -> Result<PathBuf, String> {
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join("generate.lua");
    let body = r##"{"video_inputs":[{"character":{"type":"avatar","avatar_id":"Angela-inTshirt-20220820","avatar_style":"normal"},"voice":{"type":"text","input_text":"Welcome to the HeyGen API! This is a demonstration of how easy it is to create engaging avatar videos programmatically.","voice_id":"1bd001e7e50f421d891986aad5158bc8","speed":1.1},"background":{"type":"color","value":"#87CEEB"}}],"dimension":{"width":1280,"height":720}}"##;
    std::fs::write(
        &path,
        format!("wrk.method = \"POST\"\nwrk.body = '{body}'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"),
    )
    .map_err(|e| e.to_string())?;
    Ok(path)
}

fn release_binaries() -> Result<(PathBuf, PathBuf), String> {
    println!("building release binaries (heygen-mock, axum-ceiling)");
    run(Command::new(env!("CARGO")).current_dir(root()).args([
        "build",
        "--release",
        "--quiet",
        "-p",
        "heygen-mock",
        "-p",
        "xtask",
        "--bin",
        "heygen-mock",
        "--bin",
        "axum-ceiling",
    ]))?;
    let dir = root().join("target/release");
    Ok((dir.join("heygen-mock"), dir.join("axum-ceiling")))
}

fn mock_command(binary: &PathBuf, port: u16) -> Command {
    let mut command = Command::new(binary);
    command
        .args(["--addr", &format!("127.0.0.1:{port}"), "--api-key", KEY])
        // Per-request info logs would measure the terminal, not the mock.
        .env("RUST_LOG", "warn");
    command
}

fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem_kib = proc_meminfo_kib().unwrap_or(0);
    json!({"cpu": cpu, "cores": cores, "memory_gib": mem_kib / 1024 / 1024})
}

fn proc_meminfo_kib() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    info.lines()
        .find(|l| l.starts_with("MemTotal:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Stores `count` completed videos; returns the id of the first one.
/// Stores `count` completed videos through `/_mock/jobs/fill`. The mock runs with `--api-key`,
/// so its controls need that key: [`request`] sends it on every call.
fn fill(port: u16, count: usize) -> Result<String, String> {
    let body = format!("{{\"count\":{count}}}");
    match request(port, "POST", "/_mock/jobs/fill", Some(&body)) {
        Some((200, answer)) => serde_json::from_str::<Value>(&answer)
            .ok()
            .and_then(|v| v["first_id"].as_str().map(str::to_owned))
            .ok_or_else(|| format!("fill answered {answer:?}")),
        other => Err(format!("filling {count} jobs answered {other:?}")),
    }
}

pub fn bench(options: &Options) -> Result<(), String> {
    let (mock_bin, ceiling_bin) = release_binaries()?;
    let script = post_script()?;
    let routes: [(&str, String, Option<&PathBuf>); 3] = [
        ("GET /v1/video_status.get", STATUS_PATH.to_owned(), None),
        ("GET /v2/avatars", AVATARS_PATH.to_owned(), None),
        (
            "POST /v2/video/generate",
            GENERATE_PATH.to_owned(),
            Some(&script),
        ),
    ];

    let mut servers = Vec::new();
    let port = free_port()?;
    servers.push(start("heygen-mock", mock_command(&mock_bin, port), port)?);
    let port = free_port()?;
    let mut ceiling = Command::new(&ceiling_bin);
    ceiling.arg(format!("127.0.0.1:{port}"));
    servers.push(start("axum ceiling", ceiling, port)?);
    if !options.skip_prism {
        let prism = tools::prism()?;
        let port = free_port()?;
        let mut command = Command::new(prism);
        command.current_dir(root()).args([
            "mock",
            "openapi/heygen.yaml",
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ]);
        servers.push(start("prism", command, port)?);
    }

    let mut results = serde_json::Map::new();
    println!(
        "\n{} connections, {} s per run, wrk with 2 threads, on {}\n",
        options.connections,
        options.duration.as_secs(),
        machine()
    );
    println!(
        "{:<14} {:<28} {:>10} {:>9} {:>9} {:>8}",
        "server", "route", "req/s", "p50 ms", "p99 ms", "non-2xx"
    );
    for server in &servers {
        let mut per_route = serde_json::Map::new();
        for (route, path, script) in &routes {
            let load = wrk(options, &server.url(path), *script)?;
            println!(
                "{:<14} {:<28} {:>10.0} {:>9.3} {:>9.3} {:>8}",
                server.name, route, load.rps, load.p50_ms, load.p99_ms, load.non_2xx
            );
            per_route.insert(
                (*route).to_owned(),
                json!({"rps": load.rps, "p50_ms": load.p50_ms, "p99_ms": load.p99_ms, "non_2xx": load.non_2xx}),
            );
        }
        results.insert(
            server.name.to_owned(),
            json!({"routes": per_route, "startup_ms": server.startup.as_secs_f64() * 1000.0, "peak_rss_kib": server.peak_rss_kib()}),
        );
    }
    println!();
    for server in &servers {
        println!(
            "{:<14} startup {:>8.1} ms   peak RSS {:>8} KiB",
            server.name,
            server.startup.as_secs_f64() * 1000.0,
            server.peak_rss_kib().unwrap_or(0)
        );
    }
    let ratio = |a: &str, b: &str, route: &str| {
        let get = |s: &str| {
            results
                .get(s)
                .and_then(|v| v["routes"][route]["rps"].as_f64())
        };
        Some(get(a)? / get(b)?)
    };
    let mut ratios = serde_json::Map::new();
    for (route, _, _) in &routes {
        let vs_ceiling = ratio("heygen-mock", "axum ceiling", route);
        let vs_prism = ratio("heygen-mock", "prism", route);
        println!(
            "{route:<28} mock/axum {:>6}   mock/prism {:>7}",
            vs_ceiling.map_or("-".into(), |r| format!("{:.0}%", r * 100.0)),
            vs_prism.map_or("-".into(), |r| format!("{r:.1}x"))
        );
        ratios.insert(
            (*route).to_owned(),
            json!({"mock_vs_axum": vs_ceiling, "mock_vs_prism": vs_prism}),
        );
    }
    drop(servers);

    // Scale: the same status read with 1k and with `jobs` stored jobs.
    let port = free_port()?;
    let mock = start("heygen-mock", mock_command(&mock_bin, port), port)?;
    let first = fill(port, 1000)?;
    let fill_path = format!("/v1/video_status.get?video_id={first}");
    let small = wrk(options, &mock.url(&fill_path), None)?;
    let rss_small = mock.rss_kib().unwrap_or(0);
    let started = Instant::now();
    fill(port, options.jobs.saturating_sub(1000))?;
    let fill_secs = started.elapsed().as_secs_f64();
    let large = wrk(options, &mock.url(&fill_path), None)?;
    if small.non_2xx + large.non_2xx > 0 {
        return Err(format!(
            "the scale runs got {} non-2xx answers",
            small.non_2xx + large.non_2xx
        ));
    }
    let rss_large = mock.rss_kib().unwrap_or(0);
    let per_job = (rss_large.saturating_sub(rss_small) as f64 * 1024.0)
        / (options.jobs.saturating_sub(1000).max(1) as f64);
    println!(
        "\nscale: status reads {:.0}/s at 1k jobs, {:.0}/s at {} jobs ({:.0}%); p99 {:.3} / {:.3} ms; RSS {} KiB → {} KiB ({per_job:.0} bytes per job); filled in {fill_secs:.1} s",
        small.rps,
        large.rps,
        options.jobs,
        large.rps / small.rps * 100.0,
        small.p99_ms,
        large.p99_ms,
        rss_small,
        rss_large
    );
    let report = json!({
        "machine": machine(),
        "connections": options.connections,
        "duration_s": options.duration.as_secs(),
        "servers": results,
        "ratios": ratios,
        "scale": {
            "jobs": options.jobs,
            "rps_1k": small.rps, "rps_large": large.rps, "ratio": large.rps / small.rps,
            "p99_ms_1k": small.p99_ms, "p99_ms_large": large.p99_ms,
            "rss_kib_1k": rss_small, "rss_kib_large": rss_large, "bytes_per_job": per_job,
            "fill_seconds": fill_secs,
        },
    });
    let path = root().join("target/bench/latest.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    println!("\nwritten to {}", tools::shown(&path));
    Ok(())
}

//! `cargo xtask conformance`: Schemathesis against a running mock, and Redocly's linter on the
//! spec. Both must report zero failures.

use std::process::Command;

use crate::tools::{self, root, run};

/// The only key the mock accepts during the run, so `ignored_auth` can prove keys are checked.
const KEY: &str = "conformance-key";

/// Options of the conformance run.
pub struct Options {
    /// Examples per operation.
    pub max_examples: u32,
    /// Skip Schemathesis.
    pub skip_schemathesis: bool,
    /// Skip the spec linter.
    pub skip_lint: bool,
}

pub fn conformance(options: &Options) -> Result<(), String> {
    if !options.skip_lint {
        lint()?;
    }
    if !options.skip_schemathesis {
        schemathesis(options.max_examples)?;
    }
    Ok(())
}

fn lint() -> Result<(), String> {
    let redocly = tools::redocly()?;
    println!("== redocly lint openapi/heygen.yaml");
    run(Command::new(redocly)
        .current_dir(root())
        .args([
            "lint",
            "openapi/heygen.yaml",
            "--config",
            "openapi/redocly.yaml",
            "--format=stylish",
        ])
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true"))
}

fn schemathesis(max_examples: u32) -> Result<(), String> {
    let exe = tools::schemathesis()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    // The mock as users run it: the binary, with the only key the run uses.
    let server = tools::MockProcess::start(&[
        "--api-key",
        KEY,
        "--job-duration",
        "0s",
        "--no-webhook-validation",
    ])?;
    runtime.block_on(async {
        let url = server.url().to_owned();
        println!("== schemathesis against the mock at {url}");
        let base = |extra: &[&str]| {
            let mut command = Command::new(&exe);
            command
                .current_dir(root())
                .args([
                    "--config-file",
                    "openapi/schemathesis.toml",
                    "run",
                    "openapi/heygen.yaml",
                    "--url",
                    &url,
                ])
                .args([
                    "--checks",
                    "all",
                    "--max-examples",
                    &max_examples.to_string(),
                    "--seed",
                    "1",
                    "--no-color",
                ])
                .args(extra)
                .env("SCHEMATHESIS_TELEMETRY", "false");
            command
        };
        let mut all = base(&[
            "-H",
            &format!("X-Api-Key: {KEY}"),
            "--exclude-operation-id",
            "get_account",
        ]);
        let first = tokio::task::spawn_blocking(move || run(&mut all))
            .await
            .map_err(|e| e.to_string());
        // get_account takes only an OAuth token: fetch one through the mock's own flow.
        let token = bearer_token(&url).await?;
        let mut account = base(&[
            "-H",
            &format!("Authorization: Bearer {token}"),
            "--include-operation-id",
            "get_account",
        ]);
        let second = tokio::task::spawn_blocking(move || run(&mut account))
            .await
            .map_err(|e| e.to_string());
        first??;
        second?
    })
}

/// An access token through the consent flow a browser goes through: the authorize page, its
/// form (the decision needs the page's one-time nonce, and the key the mock runs with), then
/// the code exchange.
async fn bearer_token(base: &str) -> Result<String, String> {
    const REDIRECT_URI: &str = "http://localhost/cb";
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())?;
    let page = http
        .get(format!("{base}/oauth/authorize"))
        .query(&[
            ("response_type", "code"),
            ("client_id", "conformance"),
            ("redirect_uri", REDIRECT_URI),
        ])
        .send()
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    let nonce = page
        .split_once(r#"name="nonce" value=""#)
        .and_then(|(_, rest)| rest.split('"').next())
        .ok_or("the consent page carries no nonce")?;
    let decision = http
        .post(format!("{base}/_mock/oauth/decide"))
        .header("X-Api-Key", KEY)
        .form(&[("decision", "approve"), ("nonce", nonce)])
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let location = decision
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .ok_or("the consent decision did not redirect")?;
    let code = url::Url::parse(location)
        .map_err(|e| e.to_string())?
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .ok_or("the redirect carries no code")?;
    let token: serde_json::Value = http
        .post(format!("{base}/v1/oauth/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("client_id", "conformance"),
            ("code", &code),
            ("redirect_uri", REDIRECT_URI),
        ])
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    token["access_token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("no access token in {token}"))
}

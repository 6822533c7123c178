//! The benchmark's ceiling: a bare axum server that answers every request with a small JSON
//! body and does nothing else. What it serves per second is what axum can do on this machine.

use axum::{Json, Router};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:0".into());
    let app = Router::new().fallback(|| async {
        Json(serde_json::json!({"code": 100, "data": {"hello": "world"}, "message": "Success"}))
    });
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await
}

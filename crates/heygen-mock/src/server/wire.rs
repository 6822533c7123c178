//! hyper's automatic answers in HeyGen's envelope.
//!
//! hyper answers a request it cannot parse by itself, before any service runs: 400 (malformed),
//! 414 (URI over 64 KiB) or 431 (more than 100 headers, or over ~400 KB of them), each with an
//! empty body, then closes the connection. [`JsonErrors`] wraps a connection and replaces
//! exactly those answers with the same status and a v1 JSON error body. It recognises them by
//! their shape: a status line of 400, 414 or 431 and `content-length: 0`, written as one
//! buffer (the server disables vectored writes). The mock's own error answers never look like
//! that: every one of them carries a JSON body.

use std::{
    io,
    pin::Pin,
    task::{Context, Poll, ready},
};

use axum::http::StatusCode;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::core::{envelope::Generation, error::ApiError};

/// A connection whose automatic parse-error answers are rewritten into JSON.
pub struct JsonErrors<T> {
    inner: T,
    /// The JSON answer being written in place of hyper's, how much of it is out, and how many
    /// bytes of hyper's to report once it all is.
    replacing: Option<Replacement>,
    /// Set once an answer was replaced: hyper sends at most one such answer per connection.
    replaced_once: bool,
}

struct Replacement {
    bytes: Vec<u8>,
    written: usize,
    replaced: usize,
}

impl<T> JsonErrors<T> {
    /// Wraps a connection.
    pub fn new(inner: T) -> Self {
        Self {
            inner,
            replacing: None,
            replaced_once: false,
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for JsonErrors<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for JsonErrors<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.replacing.is_none()
            && !this.replaced_once
            && let Some(status) = automatic_answer(buf)
        {
            this.replacing = Some(Replacement {
                bytes: json_answer(status),
                written: 0,
                replaced: buf.len(),
            });
        }
        let Some(replacement) = this.replacing.as_mut() else {
            return Pin::new(&mut this.inner).poll_write(cx, buf);
        };
        while replacement.written < replacement.bytes.len() {
            let rest = &replacement.bytes[replacement.written..];
            match ready!(Pin::new(&mut this.inner).poll_write(cx, rest)) {
                Ok(0) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Ok(n) => replacement.written += n,
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
        let replaced = replacement.replaced;
        // hyper closes the connection after this answer; anything it still writes goes as is.
        this.replacing = None;
        this.replaced_once = true;
        Poll::Ready(Ok(replaced))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

/// The status of hyper's automatic answer, if `buf` is one: the whole head of a 400, 414 or 431
/// with an empty body, and nothing else.
fn automatic_answer(buf: &[u8]) -> Option<StatusCode> {
    let status = match buf.get(..13)? {
        b"HTTP/1.1 400 " => StatusCode::BAD_REQUEST,
        b"HTTP/1.1 414 " => StatusCode::URI_TOO_LONG,
        b"HTTP/1.1 431 " => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        _ => return None,
    };
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    if head_end != buf.len() {
        return None;
    }
    let head = buf.to_ascii_lowercase();
    head.windows(21)
        .any(|w| w == b"\r\ncontent-length: 0\r\n")
        .then_some(status)
}

/// The replacement: same status, a v1 error body, and the connection closed after it.
fn json_answer(status: StatusCode) -> Vec<u8> {
    let detail = match status {
        StatusCode::URI_TOO_LONG => "the request URI is longer than 64 KiB",
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => {
            "the request has more than 100 headers or they are too large"
        }
        _ => "the request is not valid HTTP/1.1",
    };
    let error = ApiError::from_status(status, detail);
    let body = Generation::V1.error_body(&error).to_string();
    let mut answer = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        status.as_str(),
        status.canonical_reason().unwrap_or("Bad Request"),
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(body.as_bytes());
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bodiless_parse_error_heads_are_recognised() {
        let auto = b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        assert_eq!(
            automatic_answer(auto),
            Some(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE)
        );
        let with_body = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\n\r\n{}";
        assert_eq!(automatic_answer(with_body), None);
        let json_head = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 20\r\n\r\n";
        assert_eq!(automatic_answer(json_head), None);
        let ok = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n";
        assert_eq!(automatic_answer(ok), None);
    }

    #[test]
    fn the_replacement_is_a_v1_envelope() {
        let answer = String::from_utf8(json_answer(StatusCode::URI_TOO_LONG)).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 414 URI Too Long\r\n"), "{head}");
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(body["code"], 40011);
        assert!(body["data"].is_null());
        assert!(body["message"].as_str().unwrap().contains("64 KiB"));
    }
}

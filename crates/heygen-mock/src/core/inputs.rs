//! Checks on inputs that many areas take: URLs the mock would fetch from or call back.

use super::error::ApiError;

/// `name` under `at` (`scenes[0].input` + `script`), or `name` alone at the top level.
pub fn field(at: &str, name: &str) -> String {
    if at.is_empty() {
        name.to_owned()
    } else {
        format!("{at}.{name}")
    }
}

/// A URL the mock would fetch from or deliver to: http or https (loopback allowed, for local
/// files and receivers). `at` names the field in the error.
pub fn check_url(url: &str, at: &str) -> Result<(), ApiError> {
    match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(()),
        _ => Err(ApiError::invalid(format!("{at} must be an http or https URL")).with_param(at)),
    }
}

/// The length of a `start_time`..`end_time` stretch of a source the mock does not fetch:
/// `unbounded` seconds when no `end_time` bounds it. Both must be finite, the start 0 or more
/// and the end after it.
pub fn span_seconds(start: Option<f64>, end: Option<f64>, unbounded: f64) -> Result<f64, ApiError> {
    let start = start.unwrap_or(0.0);
    if !start.is_finite() || start < 0.0 {
        return Err(
            ApiError::invalid("start_time must be a number of seconds, 0 or more")
                .with_param("start_time"),
        );
    }
    match end {
        Some(end) if end.is_finite() && end > start => Ok(end - start),
        Some(_) => {
            Err(ApiError::invalid("end_time must come after start_time").with_param("end_time"))
        }
        None => Ok(unbounded),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_pass_and_the_error_names_the_field() {
        assert!(check_url("http://127.0.0.1:9/a.mp4", "video.url").is_ok());
        assert!(check_url("https://example.com/a.mp4", "video.url").is_ok());
        let refused = check_url("ftp://example.com/a.mp4", "video.url").unwrap_err();
        assert_eq!(refused.param.as_deref(), Some("video.url"));
        assert_eq!(field("", "script"), "script");
        assert_eq!(field("scenes[0]", "script"), "scenes[0].script");
    }

    #[test]
    fn a_span_is_bounded_by_its_end_or_defaults() {
        assert_eq!(span_seconds(Some(2.0), Some(12.0), 60.0), Ok(10.0));
        assert_eq!(span_seconds(None, None, 60.0), Ok(60.0));
        let backwards = span_seconds(Some(5.0), Some(5.0), 60.0).unwrap_err();
        assert_eq!(backwards.param.as_deref(), Some("end_time"));
        let negative = span_seconds(Some(-1.0), None, 60.0).unwrap_err();
        assert_eq!(negative.param.as_deref(), Some("start_time"));
    }
}

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
}

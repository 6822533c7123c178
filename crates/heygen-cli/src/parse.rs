//! Turning flag values into API types. [`name_value`] runs inside clap (its errors are clap
//! usage errors); the others run when a command starts and fail with [`CliError::Usage`] (exit 2).

use heygen_api::types;

use crate::error::CliError;

/// clap value parser for `name=value` (template variables): splits at the first `=`; the
/// name must not be empty, the value may be.
pub fn name_value(s: &str) -> Result<(String, String), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| format!("expected name=value, got {s:?}"))?;
    if name.is_empty() {
        return Err("the variable name is empty".into());
    }
    Ok((name.to_owned(), value.to_owned()))
}

/// `--background`: `#RRGGBB`, `transparent`, a video URL (`.mp4`, `.webm`, `.mov`) or an
/// image URL (any other `http…`).
pub fn background(spec: &str) -> Result<types::Background, CliError> {
    let lower = spec.to_ascii_lowercase();
    let bg: types::Background = if lower == "transparent" {
        types::TransparentBackground {
            type_: types::TransparentBackgroundType::Transparent,
        }
        .into()
    } else if spec.starts_with('#') {
        types::ColorBackground {
            type_: types::ColorBackgroundType::Color,
            value: spec.parse().map_err(|_| {
                CliError::Usage(format!("--background {spec:?} is not a #RRGGBB colour"))
            })?,
        }
        .into()
    } else if lower.starts_with("http")
        && [".mp4", ".webm", ".mov"].iter().any(|e| lower.ends_with(e))
    {
        types::VideoBackground {
            type_: types::VideoBackgroundType::Video,
            url: Some(spec.to_owned()),
            video_asset_id: None,
            play_style: None,
            fit: None,
        }
        .into()
    } else if lower.starts_with("http") {
        types::ImageBackground {
            type_: types::ImageBackgroundType::Image,
            url: Some(spec.to_owned()),
            image_asset_id: None,
            fit: None,
        }
        .into()
    } else {
        return Err(CliError::Usage(format!(
            "--background {spec:?}: give #RRGGBB, an image or video URL, or transparent"
        )));
    };
    Ok(bg)
}

/// `--dimension`: `WIDTHxHEIGHT` (or `X`), e.g. `1280x720`.
pub fn dimension(spec: &str) -> Result<types::Dimension, CliError> {
    let (w, h) = spec
        .split_once(['x', 'X'])
        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
        .ok_or_else(|| CliError::Usage(format!("--dimension {spec:?}: expected WIDTHxHEIGHT")))?;
    Ok(types::Dimension {
        width: w,
        height: h,
    })
}

/// `--avatar-style`: one of the API's avatar styles (normal, casual, circle, closeUp).
pub fn avatar_style(spec: &str) -> Result<types::AvatarStyle, CliError> {
    spec.parse()
        .map_err(|_| CliError::Usage(format!("unknown --avatar-style {spec:?}")))
}

/// Repeated `--event` flags: none means "all events" (`None`); each must be a known event type.
pub fn events(list: &[String]) -> Result<Option<Vec<types::WebhookEventType>>, CliError> {
    if list.is_empty() {
        return Ok(None);
    }
    list.iter()
        .map(|e| {
            e.parse().map_err(|_| {
                CliError::Usage(format!(
                    "unknown event type {e:?} (see `heygen webhook events`)"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_value_splits_at_the_first_equals() {
        assert_eq!(name_value("a=b=c"), Ok(("a".to_owned(), "b=c".to_owned())));
        assert_eq!(name_value("a="), Ok(("a".to_owned(), String::new())));
        assert!(name_value("=b").is_err());
        assert!(name_value("ab").is_err());
    }

    #[test]
    fn bad_values_are_usage_errors() {
        assert!(matches!(background("blue"), Err(CliError::Usage(_))));
        assert!(matches!(background("#nothex"), Err(CliError::Usage(_))));
        assert!(background("https://example.com/b.mp4").is_ok());
        assert!(background("TRANSPARENT").is_ok());
        assert!(matches!(dimension("1280"), Err(CliError::Usage(_))));
        let d = dimension("640X480").unwrap();
        assert_eq!((d.width, d.height), (640, 480));
        assert_eq!(events(&[]).unwrap(), None);
        assert!(matches!(
            events(&["nope".to_owned()]),
            Err(CliError::Usage(_))
        ));
    }
}

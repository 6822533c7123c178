//! The HTTPS backend, as this crate's features choose it (see the crate README's "Features").
//!
//! Every HTTP client this crate builds starts from [`client_builder`]. With the default `rustls`
//! feature, reqwest is compiled without a crypto provider (so that aws-lc-sys, a large C build,
//! stays out), and [`client_builder`] gives each client a rustls configuration with the *ring*
//! provider and the operating system's certificate verifier. A provider the program installed
//! as rustls' process default is used instead, and the `rustls-aws-lc-rs` or `native-tls`
//! features, when on, take over entirely. Without any TLS feature the clients speak plain http
//! only (enough for `heygen-mock`).
//!
//! Nothing here changes process-wide state. One consequence of the light default: another
//! `reqwest` client in the same program, built directly with reqwest's defaults turned off, finds
//! no crypto provider and panics when built. Build it from [`client_builder`], install a provider
//! at startup (`rustls::crypto::ring::default_provider().install_default()`), or enable the
//! `rustls-aws-lc-rs` feature.

/// A `reqwest::ClientBuilder` that speaks HTTPS with the backend this crate's features chose.
///
/// With the ring configuration in place, reqwest's own TLS options on the builder (extra root
/// certificates, TLS versions, accepting invalid certificates) do not apply: the platform's
/// trust store decides (on Linux `SSL_CERT_FILE` / `SSL_CERT_DIR` add roots). Install a rustls
/// provider first, or enable `rustls-aws-lc-rs`, to have reqwest configure rustls itself.
///
/// ```
/// let http = heygen_api::tls::client_builder().build()?;
/// # let _ = http;
/// # Ok::<(), heygen_api::reqwest::Error>(())
/// ```
pub fn client_builder() -> reqwest::ClientBuilder {
    let builder = reqwest::Client::builder();
    #[cfg(all(
        feature = "rustls",
        not(feature = "rustls-aws-lc-rs"),
        not(feature = "native-tls")
    ))]
    let builder = ring::configure(builder);
    builder
}

#[cfg(all(
    feature = "rustls",
    not(feature = "rustls-aws-lc-rs"),
    not(feature = "native-tls")
))]
mod ring {
    use std::sync::Arc;

    use rustls::{ClientConfig, crypto::CryptoProvider};
    use rustls_platform_verifier::BuilderVerifierExt;

    /// rustls with ring and the platform verifier, unless the program installed a provider.
    pub(super) fn configure(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        if CryptoProvider::get_default().is_some() {
            // reqwest uses the installed provider itself.
            return builder;
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|config| config.with_platform_verifier());
        match config {
            Ok(config) => builder.tls_backend_preconfigured(config.with_no_client_auth()),
            Err(error) => {
                tracing::warn!(%error, "cannot set up rustls with the ring provider");
                // reqwest refuses an unknown preconfigured backend when building: an error for
                // the caller instead of reqwest's panic for a missing provider.
                builder.tls_backend_preconfigured(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn clients_build_with_the_default_features() {
        assert!(super::client_builder().build().is_ok());
    }
}

//! `serve`: the web application and the JSON API.

use crate::cli::SecurityArgs;
use crate::error::{CliError, user};
use kkb_store::Store;
use std::sync::Arc;

/// The web application's settings from the command line.
pub fn config(args: &SecurityArgs) -> Result<kkb_web::Config, CliError> {
    let trusted_proxy = match &args.trusted_proxy_header {
        Some(h) => Some(kkb_web::client_addr::TrustedProxy::new(h, &args.trusted_proxies).map_err(user)?),
        None => None,
    };
    Ok(kkb_web::Config {
        secure_cookies: args.secure_cookies,
        require_totp: args.require_totp,
        trusted_proxy,
        public_url: args.public_url.clone().filter(|u| !u.trim().is_empty()),
        trusted_proto_header: args.trusted_proto_header.clone().filter(|h| !h.trim().is_empty()),
        ..kkb_web::Config::default()
    })
}

/// Serves `store` on `bind` until Ctrl-C or SIGTERM; `banner` is printed once the address is bound (the demo's
/// logins).
pub fn run(store: Store, bind: &str, config: kkb_web::Config, banner: Option<String>) -> Result<(), CliError> {
    // Pages are served while an upload is written: no import may take the database for itself.
    store.set_exclusive_imports(false);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Internal(anyhow::anyhow!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .map_err(|e| user(format!("cannot listen on {bind}: {e} (choose another address with --bind)")))?;
        let addr = listener.local_addr().map_err(|e| CliError::Internal(e.into()))?;
        let app = kkb_web::App::new(Arc::new(store), config);
        println!("serving kampungkb on http://{addr}/  (Ctrl-C stops)");
        if let Some(b) = banner {
            println!("{b}");
        }
        use std::io::Write;
        let _ = std::io::stdout().flush();
        kkb_web::serve(app, listener).await.map_err(|e| CliError::Internal(anyhow::anyhow!("server: {e}")))
    })
}

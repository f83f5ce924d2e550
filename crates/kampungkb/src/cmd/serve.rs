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

/// Threads for store work (`kkb_web::App::db`): enough for every database connection and a long upload or two
/// besides, few enough that a burst of readers missing the same uncached page queues for them instead of starting
/// a thread each (64 at once cost the first second after a start a p99 of 80-480 ms: thread stacks and fresh
/// allocator pages). `KAMPUNGKB_BLOCKING_THREADS` overrides it.
fn blocking_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    std::env::var("KAMPUNGKB_BLOCKING_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or((8 * cores).max(16))
}

/// Serves `store` on `bind` until Ctrl-C or SIGTERM; `banner` is printed once the address is bound (the demo's
/// logins).
pub fn run(store: Store, bind: &str, config: kkb_web::Config, banner: Option<String>) -> Result<(), CliError> {
    // Pages are served while an upload is written: no import may take the database for itself.
    store.set_exclusive_imports(false);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(blocking_threads())
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

//! `serve`: the web application and the JSON API.

use crate::error::{CliError, user};
use kkb_store::Store;
use std::sync::Arc;

/// Serves `store` on `bind` until Ctrl-C; `banner` is printed once the address is bound (the demo's logins).
pub fn run(store: Store, bind: &str, secure_cookies: bool, banner: Option<String>) -> Result<(), CliError> {
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
        let config = kkb_web::Config { secure_cookies, ..kkb_web::Config::default() };
        let app = kkb_web::App::new(Arc::new(store), config);
        println!("serving kampungkb on http://{addr}/  (Ctrl-C stops)");
        if let Some(b) = banner {
            println!("{b}");
        }
        kkb_web::serve(app, listener).await.map_err(|e| CliError::Internal(anyhow::anyhow!("server: {e}")))
    })
}

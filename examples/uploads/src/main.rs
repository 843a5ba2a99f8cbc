//! Runs the uploads demo on 127.0.0.1 (port from `PORT`, default 4000; `PORT=0` picks a free
//! one). Saved files go to `UPLOADS_SAVE_DIR`, default `saved-uploads` in the system's temporary
//! directory.

use live_server::Config;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,live_server=debug".into()),
        )
        .init();
    let save_dir = std::env::var_os("UPLOADS_SAVE_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("saved-uploads"));
    std::fs::create_dir_all(&save_dir)?;
    println!("saving uploads to {}", save_dir.display());
    let config = Config::from_env()
        .title("Uploads · live")
        .head_html(uploads::UPLOADERS);
    live_server::run_local("uploads", "/", uploads::router(save_dir), config).await
}

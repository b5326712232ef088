//! Accepting connections within limits: at most `Limits::max_connections` at once (others
//! wait in the listen queue, holding none of the server's file descriptors, which its
//! rebuilds need), and a connection that sends no complete request head within
//! `Limits::header_timeout` is closed — both a half-sent request and a kept-alive one left
//! idle. Open live-reload streams are not cut: they have sent their request.
//!
//! `axum::serve` sets neither (hyper's header timeout needs a timer it does not give), so
//! connections are served here with hyper's own HTTP/1 builder, as `axum::serve` does.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};

/// How much the server lets clients hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// How long a connection may take to send a request head, or stay idle between requests.
    pub header_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            // A browser opens at most six connections to a server (one of them per open page
            // for its event stream); half of macOS's default limit of 256 file descriptors
            // is left for the watcher and the rebuilds.
            max_connections: 128,
            header_timeout: Duration::from_secs(5),
        }
    }
}

/// Serves `app` on `listener` until `stopped` turns true, then lets open connections finish
/// their requests.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    mut stopped: watch::Receiver<bool>,
) {
    let max = limits
        .max_connections
        .clamp(1, Semaphore::MAX_PERMITS.min(u32::MAX as usize));
    let permits = Arc::new(Semaphore::new(max));
    let service = TowerToHyperService::new(app);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = stopping(&mut stopped) => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset while queued: wait a
                // little rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stopping(&mut stopped) => break,
        };
        let _ = stream.set_nodelay(true);
        let service = service.clone();
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stopping(&mut stopped) => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
    }
    // Every permit back: every connection closed.
    let _ = permits.acquire_many(max as u32).await;
}

/// Resolves when the server is told to stop.
async fn stopping(stopped: &mut watch::Receiver<bool>) {
    let _ = stopped.wait_for(|&s| s).await;
}

//! HTTP as the driver needs it: loading a live page for its tokens, and a keep-alive client
//! for the static-page benchmark. Every read is bounded by a time-out.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// Time-out of every connect, read and write of the driver.
pub(crate) const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest HTTP response the driver reads.
const MAX_RESPONSE: usize = 4 * 1024 * 1024;
/// Source addresses: clients spread over 127.0.0.2 ..= 127.0.0.(1 + SOURCES), so that no
/// single source address runs out of ephemeral ports.
const SOURCES: u32 = 32;

/// The source address of client number `index`.
pub(crate) fn source_ip(index: usize) -> IpAddr {
    let last = 2 + (index as u32 % SOURCES);
    IpAddr::from([127, 0, 0, last as u8])
}

/// A TCP connection to `addr` from `source` (port chosen by the kernel), within [`IO_TIMEOUT`].
pub(crate) async fn connect_from(source: IpAddr, addr: SocketAddr) -> Result<TcpStream, String> {
    let socket = TcpSocket::new_v4().map_err(|e| format!("socket: {e}"))?;
    socket
        .bind(SocketAddr::new(source, 0))
        .map_err(|e| format!("bind {source}: {e}"))?;
    let stream = tokio::time::timeout(IO_TIMEOUT, socket.connect(addr))
        .await
        .map_err(|_| "connect timed out".to_owned())?
        .map_err(|e| format!("connect: {e}"))?;
    let _ = stream.set_nodelay(true);
    Ok(stream)
}

/// What a live page hands the client: one page's tokens serve any number of sockets.
#[derive(Debug, Clone)]
pub(crate) struct LivePage {
    /// The page's path, e.g. `/counter`.
    pub(crate) path: String,
    /// `name=value` of the session cookie.
    pub(crate) cookie: String,
    /// The CSRF token of the meta tag.
    pub(crate) csrf_token: String,
    /// The container id: the topic is `lv:<id>`.
    pub(crate) view_id: String,
    /// `data-phx-session`.
    pub(crate) session: String,
    /// `data-phx-static`.
    pub(crate) static_token: String,
}

/// One HTTP response.
pub(crate) struct Response {
    /// The status code.
    pub(crate) status: u16,
    /// The header block, as text.
    pub(crate) head: String,
    /// The body.
    pub(crate) body: Vec<u8>,
}

impl Response {
    /// The value of the first header `name` (any case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then_some(v.trim())
        })
    }
}

/// Sends `GET path` on `stream` (keep-alive) and reads one response.
pub(crate) async fn get(
    stream: &mut TcpStream,
    path: &str,
    buf: &mut Vec<u8>,
) -> Result<Response, String> {
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n\r\n");
    tokio::time::timeout(IO_TIMEOUT, stream.write_all(request.as_bytes()))
        .await
        .map_err(|_| "write timed out".to_owned())?
        .map_err(|e| format!("write: {e}"))?;
    read_response(stream, buf).await
}

/// Reads one response (`Content-Length` or chunked body) from `stream`; `buf` keeps bytes read
/// past its end for the next one.
async fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<Response, String> {
    let head_end = loop {
        if let Some(at) = find(buf, b"\r\n\r\n") {
            break at;
        }
        fill(stream, buf).await?;
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    buf.drain(..head_end + 4);
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line: {head}"))?;
    let mut response = Response {
        status,
        head,
        body: Vec::new(),
    };
    if let Some(length) = response.header("content-length") {
        let length: usize = length.parse().map_err(|_| "bad content-length")?;
        if length > MAX_RESPONSE {
            return Err(format!("response of {length} bytes"));
        }
        while buf.len() < length {
            fill(stream, buf).await?;
        }
        response.body = buf.drain(..length).collect();
    } else if response
        .header("transfer-encoding")
        .is_some_and(|t| t.eq_ignore_ascii_case("chunked"))
    {
        loop {
            let line_end = loop {
                if let Some(at) = find(buf, b"\r\n") {
                    break at;
                }
                fill(stream, buf).await?;
            };
            let size_text = String::from_utf8_lossy(&buf[..line_end]).into_owned();
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| format!("bad chunk size {size_text}"))?;
            buf.drain(..line_end + 2);
            while buf.len() < size + 2 {
                fill(stream, buf).await?;
            }
            response.body.extend(buf.drain(..size));
            buf.drain(..2);
            if size == 0 {
                break;
            }
            if response.body.len() > MAX_RESPONSE {
                return Err("chunked response too large".to_owned());
            }
        }
    }
    Ok(response)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Reads more bytes into `buf`, within [`IO_TIMEOUT`]; an error at end of stream.
async fn fill(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<(), String> {
    if buf.len() > MAX_RESPONSE {
        return Err("response too large".to_owned());
    }
    let mut chunk = [0u8; 16 * 1024];
    let n = tokio::time::timeout(IO_TIMEOUT, stream.read(&mut chunk))
        .await
        .map_err(|_| "read timed out".to_owned())?
        .map_err(|e| format!("read: {e}"))?;
    if n == 0 {
        return Err("connection closed".to_owned());
    }
    buf.extend_from_slice(&chunk[..n]);
    Ok(())
}

/// The value of the attribute whose opening is `marker` (e.g. `data-phx-session="`).
fn attribute(html: &str, marker: &str) -> Result<String, String> {
    let start = html
        .find(marker)
        .ok_or_else(|| format!("no {marker} in the page"))?
        + marker.len();
    let len = html[start..].find('"').ok_or("unclosed attribute")?;
    Ok(html[start..start + len].to_owned())
}

/// `GET path` on a fresh connection: the page's cookie and tokens.
pub(crate) async fn load_page(addr: SocketAddr, path: &str) -> Result<LivePage, String> {
    let mut stream = connect_from(source_ip(0), addr).await?;
    let mut buf = Vec::new();
    let response = get(&mut stream, path, &mut buf).await?;
    if response.status != 200 {
        return Err(format!("GET {path}: status {}", response.status));
    }
    let cookie = response
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .ok_or("no session cookie")?
        .to_owned();
    let html = String::from_utf8_lossy(&response.body);
    let container = html.find("data-phx-main").ok_or("no main container")?;
    let id_start = html[..container].rfind("id=\"").ok_or("no container id")?;
    Ok(LivePage {
        path: path.to_owned(),
        cookie,
        csrf_token: attribute(&html, "<meta name=\"csrf-token\" content=\"")?,
        view_id: attribute(&html[id_start..], "id=\"")?,
        session: attribute(&html, "data-phx-session=\"")?,
        static_token: attribute(&html, "data-phx-static=\"")?,
    })
}

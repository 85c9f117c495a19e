// A stand-in for a bank's own website on another site (localhost:4100), embedding
// the widget with one script tag, exactly as a bank would.
import http from 'node:http';

const app = process.env.CC_APP ?? 'http://127.0.0.1:3000';
// The same server over its own HTTPS (tls.spec.ts starts it).
const appTls = process.env.CC_APP_TLS ?? 'https://127.0.0.1:3443';
http
  .createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/health') {
      res.end('ok');
      return;
    }
    const channel = url.searchParams.get('channel') ?? '';
    const origin = url.searchParams.get('app') === 'tls' ? appTls : app;
    const lang = url.searchParams.get('lang') ?? 'ru';
    // A signed-in customer: the bank's backend put its customer id and signature on the tag.
    const identifier = url.searchParams.get('identifier');
    const hash = url.searchParams.get('identifier_hash') ?? '';
    const identity = identifier
      ? ` data-identifier="${encodeURIComponent(identifier)}" data-identifier-hash="${encodeURIComponent(hash)}"`
      : '';
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bank</title></head>
<body><h1>Bank</h1><p>Deposits, cards, loans.</p>
<script src="${origin}/widget.js" data-channel="${encodeURIComponent(channel)}" data-lang="${encodeURIComponent(lang)}"${identity} async></script>
</body></html>`);
  })
  .listen(4100, 'localhost');

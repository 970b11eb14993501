/**
 * Swagger UI at /docs, served from the swagger-ui-dist package (no CDN), pointed at /openapi.json by
 * a small static initializer script (the strict CSP allows no inline script).
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express from 'express';
import type { Router } from 'express';

const require = createRequire(import.meta.url);
const distDir = dirname(require.resolve('swagger-ui-dist/package.json'));

const INDEX = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Tributary API</title>
<link rel="stylesheet" href="./swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="./swagger-ui-bundle.js"></script>
<script src="./init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({ url: '../openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

export function docsRouter(): Router {
  const router = express.Router();
  router.get('/', (req, res) => {
    // Relative asset URLs need the trailing slash.
    if (!req.originalUrl.endsWith('/')) return res.redirect(301, req.baseUrl + '/');
    res.type('html').send(INDEX);
  });
  router.get('/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  router.use(express.static(distDir, { index: false, maxAge: '1d' }));
  return router;
}

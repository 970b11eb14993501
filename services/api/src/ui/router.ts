/** Serves the web UI: the shell at / (to browsers) and its assets under /ui/. */
import express from 'express';
import type { Request, Response, Router } from 'express';
import { loadAssets, makeAsset } from './assets.ts';
import type { Asset } from './assets.ts';
import { SHELL, UI_CSP } from './page.ts';

/** Whether the request is a browser navigation (it prefers HTML over JSON). */
export const wantsHtml = (req: Request): boolean => req.accepts(['json', 'html']) === 'html';

export function sendAsset(req: Request, res: Response, a: Asset): void {
  res.setHeader('Content-Type', a.type);
  res.setHeader('ETag', a.etag);
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Cache-Control', a.immutable ? 'public, max-age=86400' : 'no-cache');
  if (req.headers['if-none-match'] === a.etag) {
    res.status(304).end();
    return;
  }
  const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.send(gzip ? a.gzip : a.body);
}

export function sendHtml(req: Request, res: Response, html: Asset | string): void {
  res.setHeader('Content-Security-Policy', UI_CSP);
  sendAsset(
    req,
    res,
    typeof html === 'string' ? makeAsset('text/html; charset=utf-8', Buffer.from(html)) : html,
  );
}

export interface UiRouter {
  /** /ui/* assets. */
  assets: Router;
  /** The shell, for GET / when the client prefers HTML. */
  shell: (req: Request, res: Response) => void;
}

export function uiRouter(): UiRouter {
  const assets = loadAssets();
  const shell = makeAsset('text/html; charset=utf-8', Buffer.from(SHELL));
  const router = express.Router();
  router.get(/.*/, (req, res, next) => {
    const a = assets.get('/ui' + req.path);
    if (!a) return next();
    sendAsset(req, res, a);
  });
  return { assets: router, shell: (req, res) => sendHtml(req, res, shell) };
}

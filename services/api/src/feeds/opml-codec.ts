/** The OPML document format from @tributary/feeds, adapted to the import/export glue. */
import { buildOpml, parseOpml } from '@tributary/feeds';
import type { OpmlCodec } from '../routes/feeds.ts';

export const opmlCodec: OpmlCodec = {
  parse: (body) =>
    parseOpml(body).feeds.map((f) => ({ url: f.xmlUrl, title: f.title || null, categories: f.categories })),
  serialize: (outlines, title, created) =>
    buildOpml(
      {
        title,
        feeds: outlines.map((o) => ({
          title: o.title ?? o.url,
          xmlUrl: o.url,
          htmlUrl: '',
          categories: o.categories,
        })),
      },
      created,
    ),
};

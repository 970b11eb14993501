// `tributary images build|load|list`: the local images, built with podman/buildah (no registry).
import { UsageError, parseCommandArgs } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import { loadNodeStackConfig } from '../stack.ts';
import { loadImages } from '../node/images.ts';
import { buildImages, inspectImage, recipeInputs, tagImage } from './build.ts';
import { imageIdTag } from './names.ts';
import { buildOrder, imageRecipes } from './recipes.ts';

export const usage = `usage: tributary images <build|load|list|skaffold-build> [image...]

Builds the local images with podman/buildah as root, from debootstrap, the tool cache and the repo's
unchanged Dockerfile; nothing is pulled. An image is rebuilt only when its inputs changed (a label
holds their hash). No names: all of them.

  build [--load] [image...]  build (and with --load, load into the local node's containerd)
  load [image...]            load built images into the node's containerd (skips unchanged ones)
  list                       each image, its tag and size, or "not built"
  skaffold-build             skaffold's custom build (skaffold.yaml, profile local): the product
                             image from $BUILD_CONTEXT as $IMAGE, loaded into the node under that
                             name and under the image-id tag skaffold deploys

images: debian, node-base, tributary (localhost/tributary:dev), pause, busybox, coredns,
        local-path-provisioner, traefik, kube-router, and the chart's dev dependencies nats,
        postgres and neo4j

environment:
  TRIBUTARY_DEBIAN_MIRROR   the mirror debootstrap uses (default: the one in the host's apt sources)
  TRIBUTARY_IMAGES_VERBOSE  stream the output of debootstrap, apt and podman build`;

export async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseCommandArgs(argv, {
    help: { type: 'boolean', short: 'h' },
    load: { type: 'boolean' },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const [sub, ...names] = positionals;
  // The node's stack: images load into its containerd (the image store is the cache's either way).
  const cfg = loadNodeStackConfig();
  const say = (line: string): void => console.log(`==> ${line}`);
  const recipes = async () => imageRecipes(cfg, await recipeInputs(cfg));
  try {
    return await runSub(sub, names, Boolean(values.load));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    console.error(`tributary images ${sub}: ${(err as Error).message}`);
    return 1;
  }

  async function runSub(sub: string | undefined, names: string[], load: boolean): Promise<number> {
    switch (sub) {
      case 'build': {
        await buildImages(cfg, names, say);
        if (load)
          await loadImages(
            cfg,
            buildOrder(await recipes(), names).map((r) => r.tag),
            say,
          );
        return 0;
      }
      case 'load':
        await loadImages(
          cfg,
          buildOrder(await recipes(), names).map((r) => r.tag),
          say,
        );
        return 0;
      case 'list': {
        for (const r of await recipes()) {
          const info = await inspectImage(r.tag);
          console.log(
            `${r.name.padEnd(24)} ${r.tag.padEnd(48)} ${info ? `${(info.size / 1024 / 1024).toFixed(0)} MiB` : 'not built'}`,
          );
        }
        return 0;
      }
      case 'skaffold-build': {
        const tag = process.env.IMAGE;
        const context = process.env.BUILD_CONTEXT;
        if (!tag || !context)
          throw new UsageError('skaffold-build needs IMAGE and BUILD_CONTEXT (skaffold sets them)');
        await buildImages(cfg, ['tributary'], say, { tag, context });
        const info = await inspectImage(tag);
        if (!info) throw new Error(`podman build produced no image ${tag}`);
        const byId = imageIdTag(tag, info.id);
        await tagImage(tag, byId);
        await loadImages(cfg, [tag, byId], say);
        return 0;
      }
      case undefined:
        throw new UsageError('expected one of: build, load, list, skaffold-build');
      default:
        throw new UsageError(`unknown subcommand '${sub}' (expected build, load, list or skaffold-build)`);
    }
  }
}

export const images: CommandModule = { usage, run };

# syntax=docker/dockerfile:1
# The one Tributary image: entrypoint `tributary` (bin/tributary.js). Node 24 runs the TypeScript
# sources directly (type stripping), so the image ships sources + production node_modules and has no
# build step. Runs as uid 1000 with a read-only root filesystem (mount an emptyDir at /tmp).
ARG NODE_VERSION=24.21.0

FROM node:${NODE_VERSION}-bookworm-slim AS base
WORKDIR /app

# Only the package manifests, so `npm ci` below is re-run when dependencies change, not on every
# source edit (the stage's output stays byte-identical while no manifest changes).
FROM base AS manifests
COPY . /src
RUN find /src -type f ! -name package.json ! -name package-lock.json -delete \
    && find /src -depth -type d -empty -delete

FROM base AS deps
COPY --from=manifests /src/ ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund --ignore-scripts

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="tributary" \
      org.opencontainers.image.description="Kubernetes-native platform that turns web feeds into a queryable knowledge graph" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/tributary-dev/tributary" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
# tini forwards signals and reaps zombies (Node as PID 1 does neither). npm, npx, corepack and yarn
# are not needed at run time: removing them shrinks the image and its CVE surface.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/* \
    && rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /opt/yarn-* \
    && rm -f /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg
WORKDIR /app
ENV NODE_ENV=production \
    TRIBUTARY_HTTP_PORT=8080 \
    TRIBUTARY_METRICS_PORT=9090
COPY --from=deps --chown=root:root /app/ ./
COPY --chown=root:root package.json ./
COPY --chown=root:root bin ./bin
COPY --chown=root:root libs ./libs
COPY --chown=root:root operator ./operator
COPY --chown=root:root services ./services
# Files stay root-owned and read-only for the runtime user.
RUN ln -s /app/bin/tributary.js /usr/local/bin/tributary
USER 1000:1000
EXPOSE 8080 9090
ENTRYPOINT ["/usr/bin/tini", "--", "tributary"]
CMD ["--help"]

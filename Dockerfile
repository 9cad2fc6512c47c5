# syntax=docker/dockerfile:1
#
# The readiness-gate GitHub App on Node 24 (Active LTS until April 2028).
#
# Both stages use the same exact tag. To pin the digest as well (recommended: a tag can be
# re-pointed, a digest cannot), look it up and append it to both FROM lines:
#
#   docker buildx imagetools inspect node:24.21.0-trixie-slim --format '{{json .Manifest.Digest}}'
#   FROM node:24.21.0-trixie-slim@sha256:<that digest> AS build
#
# Dependabot's `docker` ecosystem then keeps the tag and the digest current.

# Build stage: compile TypeScript with the dev dependencies.
FROM node:24.21.0-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json

# Runtime stage: production dependencies only, owned by root and run as the unprivileged
# `node` user, so the App cannot rewrite its own code.
FROM node:24.21.0-trixie-slim
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY rules ./rules
COPY app.yml ./
USER node
EXPOSE 3000
# Liveness only: /health answers from memory and is not logged at info.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "dist/server.js"]

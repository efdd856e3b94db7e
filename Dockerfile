# Отметка: production image. Runs the TypeScript sources with tsx (a runtime dependency), against
# PostgreSQL (DATABASE_URL is required in production). @node-rs/argon2 ships a prebuilt binary per platform: no compiler needed.
# Node 24 LTS (maintained until 04.2028); the code also runs on Node 20.19+ and 22.12+ (package.json engines).
FROM node:24-bookworm-slim

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app

# pg_dump/pg_restore for `npm run cli -- backup|restore` (Debian 12's client 15, the major version of docker-compose's server).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
  && rm -rf /var/lib/apt/lists/*

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY LICENSE tsconfig.json ./
COPY migrations ./migrations
COPY public ./public
COPY views ./views
COPY src ./src
RUN mkdir -p /app/backups && chown node:node /app/backups

# The archive signing key lives on a volume (docker-compose.yml: ARCHIVE_KEY_FILE); a new named volume takes this owner.
RUN mkdir -p /var/lib/otmetka && chown node:node /var/lib/otmetka && chmod 700 /var/lib/otmetka

USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The same command as `npm start`, without npm in between: npm runs it through `sh -c`, which does not
# pass SIGTERM on, so `docker stop` would kill the app instead of letting it close cleanly.
CMD ["node", "--import", "tsx", "src/main.ts"]

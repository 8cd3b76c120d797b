# One image for the whole lab: the broker and the three services are the same build,
# started with different commands (see docker-compose.yml).
ARG NODE_IMAGE=node:20-bookworm-slim
FROM ${NODE_IMAGE}
WORKDIR /app
COPY . .
# Dev dependencies are needed to build (TypeScript); NODE_ENV is set only after.
RUN npm ci --no-audit --no-fund && npm run build && npm cache clean --force
ENV NODE_ENV=production KAFKAJS_NO_PARTITIONER_WARNING=1
CMD ["node", "services/broker/dist/src/main.js", "--data-dir", "/data"]

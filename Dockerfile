# One image for the whole lab: the controller, the broker and the three services are the same build,
# started with different commands (see docker-compose.yml).
ARG NODE_IMAGE=node:20-bookworm-slim

# Build: every dependency (TypeScript included), then only what runs.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund \
 && npx tsc -b libs/runtime services/broker services/controller services/order services/billing services/analytics
# The runtime tree: every workspace's package.json (npm needs them all), the compiled sources
# of the ones that run, and their production dependencies only: no TypeScript, no test tools.
ARG RUNTIME_WORKSPACES="libs/shared libs/kafka-protocol libs/kafka-net libs/log-store libs/metadata libs/raft libs/runtime libs/events libs/delivery libs/nest-kit services/broker services/controller services/order services/billing services/analytics"
RUN mkdir /runtime && cp package.json package-lock.json /runtime/ \
 && for ws in $(node -p "require('./package.json').workspaces.join(' ')"); do mkdir -p "/runtime/$ws" && cp "$ws/package.json" "/runtime/$ws/"; done \
 && for ws in $RUNTIME_WORKSPACES; do cp -r "$ws/dist/src" "/runtime/$ws/dist-src" && mkdir "/runtime/$ws/dist" && mv "/runtime/$ws/dist-src" "/runtime/$ws/dist/src"; done \
 && cd /runtime && npm ci --omit=dev --no-audit --no-fund $(for ws in $RUNTIME_WORKSPACES; do printf -- '--workspace=%s ' "$ws"; done) \
 && npm cache clean --force

# Run: the runtime tree, as an unprivileged user.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production KAFKAJS_NO_PARTITIONER_WARNING=1
WORKDIR /app
COPY --from=build /runtime /app
# The broker's and the controller's data volumes are created from this directory, so it belongs to the runtime user.
RUN mkdir -p /data && chown 10001:10001 /data
USER 10001:10001
# Without a command the image prints the broker's flags (it needs --controller-quorum-voters and --cluster-id).
CMD ["node", "services/broker/dist/src/main.js", "--help"]

/**
 * Dependency directions of model-codebases.md §6, checked in CI (`npm run lint`).
 * TS project references enforce the same edges at build time.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const lib = (name) => `^libs/${name}/`;
module.exports = {
  forbidden: [
    {
      name: 'libs-only-import-shared',
      comment:
        'A lib may import only libs/shared, except the few with a rule of their own below (sim, kafka-net, metadata, ' +
        'log-store: the codec or the pure cores; nest-kit: the consumer libs). ' +
        'Tests of a lib may also use kafka-protocol as an independent batch encoder.',
      severity: 'error',
      from: { path: '^libs/(?!sim/|kafka-net/|metadata/|log-store/|nest-kit/)([^/]+)/', pathNot: ['^libs/shared/', '^libs/[^/]+/test/'] },
      to: { path: '^libs/([^/]+)/', pathNot: ['^libs/shared/', '^libs/$1/'] },
    },
    {
      name: 'metadata-declares-records-with-the-codec',
      comment:
        'libs/metadata (pure) may also import libs/kafka-protocol (pure): each KRaft record is declared once as a ' +
        "MessageSpec in Kafka's JSON shape, its TS type is derived from it (MessageOf) and the one codec encodes it.",
      severity: 'error',
      from: { path: '^libs/metadata/' },
      to: { path: '^libs/', pathNot: ['^libs/shared/', '^libs/kafka-protocol/', '^libs/metadata/'] },
    },
    {
      name: 'log-store-reads-batches-with-the-codec',
      comment:
        'libs/log-store may use the pure codec (libs/kafka-protocol) besides shared: one RecordBatch header layout ' +
        'lives in the codec, and the store reads headers, CRCs and producer fields through it, as Kafka\'s storage ' +
        'module uses the clients\' record classes. The codec is pure (no I/O), so the store stays the only I/O layer.',
      severity: 'error',
      from: { path: '^libs/log-store/' },
      to: { path: '^libs/', pathNot: ['^libs/shared/', '^libs/kafka-protocol/', '^libs/log-store/'] },
    },
    {
      name: 'kafka-net-carries-the-codec',
      comment: 'libs/kafka-net is the Kafka wire over TCP (server framework and client): it may use the codec and shared only.',
      severity: 'error',
      from: { path: '^libs/kafka-net/' },
      to: { path: '^libs/', pathNot: ['^libs/shared/', '^libs/kafka-protocol/', '^libs/kafka-net/'] },
    },
    {
      name: 'sim-uses-the-pure-cores',
      comment: 'libs/sim (dev-only) drives the pure cores: raft, metadata, log-store, shared.',
      severity: 'error',
      from: { path: '^libs/sim/' },
      to: { path: '^libs/', pathNot: ['^libs/shared/', '^libs/raft/', '^libs/metadata/', '^libs/log-store/', '^libs/sim/'] },
    },
    {
      name: 'nest-kit-builds-on-the-consumer-libs',
      comment:
        'libs/nest-kit (the Nest pieces billing and analytics share: transport server, handler, filter, health, Redis; order uses its Redis health check) ' +
        'uses the delivery logic, the event contract, shared and runtime, never the codec: like the services it serves, ' +
        'it speaks Kafka through kafkajs only. Its tests are held to the same.',
      severity: 'error',
      from: { path: '^libs/nest-kit/' },
      to: { path: '^libs/', pathNot: [lib('delivery'), lib('events'), lib('shared'), lib('runtime'), lib('nest-kit')] },
    },
    {
      name: 'nest-kit-only-for-the-nest-services',
      comment: 'Only the Nest services (and the lib itself, its tests included) use libs/nest-kit: it carries Nest into whatever imports it.',
      severity: 'error',
      from: { pathNot: ['^services/(billing|analytics|order)/', '^libs/nest-kit/'] },
      to: { path: '^libs/nest-kit/' },
    },
    {
      name: 'libs-never-import-services',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^services/' },
    },
    {
      name: 'services-never-import-each-other',
      comment: 'Services talk over the network.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/([^/]+)/', pathNot: '^services/$1/' },
    },
    {
      name: 'broker-allowed-libs',
      severity: 'error',
      from: { path: '^services/broker/' },
      to: { path: '^libs/', pathNot: [lib('kafka-protocol'), lib('kafka-net'), lib('log-store'), lib('metadata'), lib('shared'), lib('runtime')] },
    },
    {
      name: 'controller-allowed-libs',
      severity: 'error',
      from: { path: '^services/controller/' },
      to: { path: '^libs/', pathNot: [lib('raft'), lib('log-store'), lib('metadata'), lib('kafka-protocol'), lib('kafka-net'), lib('shared'), lib('runtime')] },
    },
    {
      name: 'nest-services-prove-compatibility-through-a-real-client',
      comment:
        'Order, billing and analytics never import the codec; they use kafkajs (libs/delivery wraps it for consumers, ' +
        'libs/nest-kit puts it behind Nest\'s transport) and libs/runtime for process behaviour.',
      severity: 'error',
      from: { path: '^services/(order|billing|analytics)/' },
      to: { path: '^libs/', pathNot: [lib('events'), lib('shared'), lib('delivery'), lib('runtime'), lib('nest-kit')] },
    },
    {
      name: 'e2e-and-bench-black-box',
      comment: 'e2e and benchmarks import only kafka-protocol (and its TCP client, kafka-net), events, shared, runtime (the process conventions they assert) and client packages.',
      severity: 'error',
      from: { path: '^(e2e|bench)/' },
      to: { path: '^(services/|libs/(?!(kafka-protocol|kafka-net|events|shared|runtime)/))' },
    },
    {
      name: 'tools-speak-the-protocol-only',
      comment: 'Command-line tools use the codec and real clients, never broker internals; launchers use libs/runtime.',
      severity: 'error',
      from: { path: '^tools/' },
      to: { path: '^(services/|e2e/|bench/|libs/(?!(kafka-protocol|kafka-net|shared|runtime)/))' },
    },
    {
      name: 'nest-only-in-app-services',
      comment: 'Nest stays in the Nest services and libs/nest-kit, their shared kit.',
      severity: 'error',
      from: { path: '^(libs/(?!nest-kit/)|services/(broker|controller)/)' },
      to: { path: 'node_modules/@nestjs/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-tests-only-add-the-codec',
      comment:
        "libs/sim's tests are bounded by sim-uses-the-pure-cores instead: they drive the cores sim itself uses; " +
        "libs/nest-kit's by nest-kit-builds-on-the-consumer-libs (no codec).",
      severity: 'error',
      from: { path: '^libs/([^/]+)/test/', pathNot: ['^libs/sim/test/', '^libs/nest-kit/test/'] },
      to: { path: '^libs/([^/]+)/', pathNot: ['^libs/shared/', '^libs/kafka-protocol/', '^libs/$1/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    combinedDependencies: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default'] },
  },
};

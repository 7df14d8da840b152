/** @type {import('next').NextConfig} */
const nextConfig = {
  // kafkajs, avsc and the OpenTelemetry SDK are plain Node libraries: load them from node_modules instead of bundling them.
  serverExternalPackages: [
    'kafkajs',
    'avsc',
    '@opentelemetry/api',
    '@opentelemetry/core',
    '@opentelemetry/resources',
    '@opentelemetry/sdk-trace',
    '@opentelemetry/exporter-trace-otlp-proto',
  ],
  // NEXT_DIST_DIR lets two builds (e.g. two engineers' e2e runs) live side by side; set it for build and start alike
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

module.exports = nextConfig;

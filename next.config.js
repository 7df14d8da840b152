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
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

module.exports = nextConfig;

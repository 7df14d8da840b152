/** @type {import('next').NextConfig} */
const nextConfig = {
  // kafkajs and avsc are plain Node libraries: load them from node_modules instead of bundling them.
  serverExternalPackages: ['kafkajs', 'avsc'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

module.exports = nextConfig;

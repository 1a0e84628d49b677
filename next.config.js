/** @type {import('next').NextConfig} */
const nextConfig = {
  // The cluster client must stay a Node module on the server; bundling it breaks its dynamic requires.
  serverExternalPackages: ['@kubernetes/client-node'],
  poweredByHeader: false,
};

export default nextConfig;

# Arbiter: one image for API and worker processes (docs/deploy.md).
# The default install leaves out the in-process GGUF reasoner (node-llama-cpp and its CUDA builds)
# and onnxruntime's CUDA provider: this image talks to a model server over HTTP.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional && npm cache clean --force

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=4000
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY server ./server
COPY schema ./schema
COPY sdk ./sdk
COPY plugins ./plugins
COPY migrations ./migrations
COPY policies ./policies
USER node
EXPOSE 4000
# One process (no npm, no shell) so SIGTERM reaches the server; ARBITER_SHUTDOWN_GRACE_MS bounds the drain.
ENTRYPOINT ["node", "--import", "tsx", "server/cli/index.ts"]
CMD ["serve"]
HEALTHCHECK --interval=10s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

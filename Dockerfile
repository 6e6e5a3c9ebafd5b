# The all-in-one Gongkai image (embedded SQLite default). Sources run through tsx.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json tsconfig.json ./
COPY packages ./packages
COPY services ./services
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
ENV GONGKAI_DATA=/data HOST=0.0.0.0 PORT=3000
VOLUME /data
EXPOSE 3000
CMD ["node", "services/gongkai/bin/gongkai.js", "start"]

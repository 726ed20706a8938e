# syntax=docker/dockerfile:1

# Build stage: a patched Go toolchain (1.26.11; the 1.26.8 of the build
# machines has known net/http vulnerabilities). CGO_ENABLED=0 gives one static
# binary: modernc.org/sqlite is pure Go.
FROM golang:1.26.11-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOTOOLCHAIN=local go build -trimpath -ldflags="-s -w" -o /out/convene ./cmd/convene \
    && mkdir -p /out/data

# Runtime: distroless static, non-root. The binary embeds its assets,
# migrations and the IANA time-zone database; /data holds the SQLite file and
# the generated cookie secret.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/convene /usr/local/bin/convene
COPY --from=build --chown=65532:65532 /out/data /data
ENV CONVENE_ADDR=:8080 \
    CONVENE_DB=/data/convene.db
VOLUME ["/data"]
EXPOSE 8080
USER 65532:65532
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/convene", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/convene"]
CMD ["serve"]

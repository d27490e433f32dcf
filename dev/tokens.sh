# Signed RS256 bearer tokens for runs of the production jar without an identity provider (bench/api,
# image/smoke-test): the service is started with -Dquarkus.oidc.public-key="$TOKEN_PUBLIC_KEY" and trusts only
# the key of this run. Source it, then:
#   token_key DIR                                   makes DIR/key.pem and sets TOKEN_KEY, TOKEN_PUBLIC_KEY
#   token ISSUER LIFETIME_SECONDS SUBJECT TENANT ROLE   prints a token (audience labfleet-api)
# Needs openssl and base64.

token_key() {
    TOKEN_KEY="$1/key.pem"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$TOKEN_KEY" 2>/dev/null
    TOKEN_PUBLIC_KEY=$(openssl pkey -in "$TOKEN_KEY" -pubout -outform DER | base64 -w0)
}

b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }

token() {
    local header payload now
    now=$(date +%s)
    header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
    payload=$(printf '{"iss":"%s","sub":"%s","tenant":"%s","realm_access":{"roles":["%s"]},"aud":"labfleet-api","iat":%d,"exp":%d}' \
        "$1" "$3" "$4" "$5" "$now" $((now + $2)) | b64url)
    printf '%s.%s.%s' "$header" "$payload" \
        "$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$TOKEN_KEY" -binary | b64url)"
}

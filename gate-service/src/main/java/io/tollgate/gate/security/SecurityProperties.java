package io.tollgate.gate.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code tollgate.security.*}.
 *
 * @param adminToken bootstrap admin token ({@code TOLLGATE_ADMIN_TOKEN}); empty for none
 * @param adminTokenFile a file holding the bootstrap admin token ({@code
 *     TOLLGATE_ADMIN_TOKEN_FILE})
 * @param generatedAdminTokenFile where a generated admin token is kept when neither is set
 * @param tokenCacheSeconds how long a validated token is trusted before it is looked up again
 *     (never past its {@code expiresAt})
 * @param negativeCacheSeconds how long an unknown token is remembered as unknown
 */
@ConfigurationProperties("tollgate.security")
public record SecurityProperties(
    @Nullable String adminToken,
    @Nullable String adminTokenFile,
    @Nullable String generatedAdminTokenFile,
    @Bindable(defaultValue = "30") int tokenCacheSeconds,
    @Bindable(defaultValue = "10") int negativeCacheSeconds) {}

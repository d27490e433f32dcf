package io.labfleet.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service's configuration is validated as Quarkus validates it at start-up (Bean Validation on the mapping): a
 * value it cannot work with stops the start with a message that names the key, instead of failing on some request
 * later.
 */
class LabfleetConfigTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    private static LabfleetConfig load(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(LabfleetConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withValidator((BeanValidationConfigValidator) () -> VALIDATOR)
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(LabfleetConfig.class);
    }

    @Test
    void aNegativeTokenCacheSizeStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> load(Map.of("labfleet.security.token-cache-size", "-1")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("labfleet.security.token-cache-size")
                .hasMessageContaining("greater than or equal to 0");
    }

    @Test
    void zeroTurnsTheCacheOffAndTheDefaultKeepsAThousand() {
        assertThat(load(Map.of("labfleet.security.token-cache-size", "0")).security().tokenCacheSize()).isZero();
        assertThat(load(Map.of()).security().tokenCacheSize()).isEqualTo(1000);
    }
}

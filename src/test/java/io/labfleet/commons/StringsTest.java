package io.labfleet.commons;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class StringsTest {

    @Test
    void aLongTextIsCutToTheLimitWithAnEllipsisAndAShortOneKept() {
        assertThat(Strings.truncate("abcdefgh", 5)).isEqualTo("abcd…").hasSize(5);
        assertThat(Strings.truncate("abcde", 5)).isEqualTo("abcde");
        assertThat(Strings.truncate(null, 5)).isNull();
    }

    @Test
    void aTextCutToBytesKeepsWholeCharactersAndItsEllipsisWithinTheLimit() {
        String cut = Strings.truncateUtf8("héhéhéhé", 8);
        assertThat(cut).isEqualTo("héh…");
        assertThat(cut.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(8);
        assertThat(Strings.truncateUtf8("😀😀😀", 9)).isEqualTo("😀…");
        assertThat(Strings.truncateUtf8("héhé", 6)).isEqualTo("héhé");
        assertThat(Strings.truncateUtf8(null, 6)).isNull();
    }

    @Test
    void sha256IsTheLowerCaseHexOfTheUtf8Bytes() {
        assertThat(Sha256.hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.hex("é")).isEqualTo(Sha256.hex(new byte[]{(byte) 0xc3, (byte) 0xa9}));
    }

    @Test
    void sha256DigestsShareNoStateAcrossCallsOrThreads() {
        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertThat(Sha256.hex("abc")).isEqualTo(abc);
        assertThat(IntStream.range(0, 2000).parallel()
                .mapToObj(i -> Sha256.hex(i % 2 == 0 ? "abc" : "token-" + i)).filter(h -> h.equals(abc)).count())
                .isEqualTo(1000);
        assertThat(Sha256.hex("abc")).isEqualTo(abc);
    }
}

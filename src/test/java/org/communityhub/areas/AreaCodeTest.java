package org.communityhub.areas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AreaCodeTest {

    @ParameterizedTest
    @CsvSource({
            "230000000000, PROVINCE, , 23",
            "230100000000, CITY, 230000000000, 2301",
            "230103000000, COUNTY, 230100000000, 230103",
            "230103004000, STREET, 230103000000, 230103004",
            "230103004001, COMMUNITY, 230103004000, 230103004001",
            "230111104201, COMMUNITY, 230111104000, 230111104201",
            "230103004001007, GRID, 230103004001, 230103004001007"})
    void levelParentAndSubtreeFollowFromTheDigits(String code, AreaLevel level, String parent, String prefix) {
        AreaCode area = AreaCode.of(code);
        assertEquals(level, area.level());
        assertEquals(Optional.ofNullable(parent).map(AreaCode::of), area.parent());
        assertEquals(prefix, area.subtreePrefix());
    }

    @Test
    void aSubtreeHoldsItsDescendantsOnly() {
        AreaCode nangang = AreaCode.of("230103000000");
        assertTrue(nangang.contains(AreaCode.of("230103004001")));
        assertTrue(nangang.contains(nangang));
        assertFalse(nangang.contains(AreaCode.of("230102001001")));
        assertFalse(nangang.contains(AreaCode.of("230100000000")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2301", "23010300400", "2301030040011", "23010300400a", "000000000000",
            "230103004001000", " 230103004001"})
    void malformedCodesAreRefused(String code) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> AreaCode.of(code));
        assertFalse(error.getMessage().isBlank());
    }
}

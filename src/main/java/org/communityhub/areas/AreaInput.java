package org.communityhub.areas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * An area as a client sends it. {@code level} and {@code parentCode} follow from the code; when a
 * client sends them they must agree with it.
 */
@JsonIgnoreProperties({"createdAt", "updatedAt"})
public record AreaInput(
        @NotBlank String code,
        @NotBlank @Size(max = 200) String name,
        AreaLevel level,
        String parentCode,
        @NotNull AreaKind kind) {
}

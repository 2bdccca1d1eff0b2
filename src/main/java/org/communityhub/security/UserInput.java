package org.communityhub.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;

/** A user as an administrator creates it; the password is write-only. */
public record UserInput(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]{1,63}",
                message = "must be 2-64 lower-case letters, digits, '.', '_' or '-'") String username,
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) @NotNull @Size(min = 10, max = 200) String password,
        @NotEmpty Set<@NotNull Role> roles,
        List<@NotBlank String> areaCodes) {
}

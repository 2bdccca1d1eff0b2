package org.communityhub.devices;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** A device as a client registers or updates it; the read-only fields of a device as read are ignored. */
@JsonIgnoreProperties({"state", "createdAt", "updatedAt", "decommissionedAt", "version"})
public record DeviceInput(
        @NotBlank @Pattern(regexp = DeviceId.PATTERN,
                message = "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit") String id,
        @NotNull DeviceClass deviceClass,
        @NotBlank String areaCode,
        @NotBlank @Size(max = 200) String name,
        @DecimalMin("-90") @DecimalMax("90") Double lat,
        @DecimalMin("-180") @DecimalMax("180") Double lon,
        @Size(max = 500) String address,
        @Size(max = 100) String model,
        @Size(max = 100) String firmware,
        Instant installedAt,
        @Positive Integer expectedIntervalSeconds) {
}

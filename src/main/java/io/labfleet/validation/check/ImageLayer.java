package io.labfleet.validation.check;

/** One step of an image's history: the instruction that made it and the size it added. */
public record ImageLayer(String createdBy, long size) {
}

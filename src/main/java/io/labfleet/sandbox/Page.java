package io.labfleet.sandbox;

import java.util.List;

/** One page of a listing, with the total so a client can page through it. */
public record Page<T>(List<T> items, int page, int size, long total) {
}

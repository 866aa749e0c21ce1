package com.sqm.store;

import java.util.List;

/** One page of a listing and the opaque cursor of the next page (null on the last one). */
public record Page<T>(List<T> items, String nextCursor) {}

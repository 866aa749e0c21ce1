package com.sqm.model;

/** A result column: its label and its database type name. */
public record ColumnMeta(String name, String type) {}

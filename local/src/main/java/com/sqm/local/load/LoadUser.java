package com.sqm.local.load;

/** A user a load run submits as, with the bearer token the API accepts for it. */
public record LoadUser(String id, String token) {}

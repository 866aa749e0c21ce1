package com.sqm.local.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers every error Jetty produces itself (a request line, URI, header or body framing it cannot
 * parse, a head past its size limit, an unknown HTTP version, an exception out of the gateway) in
 * the API's {@code {"error":{"code","message"}}} shape with {@code content-type: application/json},
 * instead of Jetty's HTML page. The message never names an exception.
 */
final class JsonErrorHandler implements Request.Handler {

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException http) {
      status = http.getCode();
    }
    if (status < 400 || status > 599) {
      status = HttpStatus.INTERNAL_SERVER_ERROR_500;
    }
    response.setStatus(status);
    HttpFields.Mutable headers = response.getHeaders();
    headers.put("cache-control", "no-store");
    if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
      callback.succeeded();
      return true;
    }
    byte[] body =
        GatewayResponses.body(code(status), message(status)).getBytes(StandardCharsets.UTF_8);
    headers.put("content-type", "application/json");
    headers.put("content-length", Integer.toString(body.length));
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /** The API's own codes where it has one, else the status's name ("URI_TOO_LONG"). */
  static String code(int status) {
    return switch (status) {
      case 400 -> "VALIDATION_ERROR";
      case 500 -> "INTERNAL_ERROR";
      default -> {
        HttpStatus.Code known = HttpStatus.getCode(status);
        yield known == null ? (status < 500 ? "BAD_REQUEST" : "INTERNAL_ERROR") : known.name();
      }
    };
  }

  static String message(int status) {
    return switch (status) {
      case 400 ->
          "The request is malformed: its request line, URI, a header or the body framing cannot"
              + " be parsed.";
      case 413 -> "The request body is limited to " + RequestLimits.MAX_BODY_BYTES + " bytes.";
      case 414 -> "The request line is too long.";
      case 431 -> "Request headers are limited to " + RequestLimits.MAX_HEADER_BYTES + " bytes.";
      case 500 -> "Internal Server Error";
      case 505 -> "Only HTTP/1.0 and HTTP/1.1 are supported.";
      default -> {
        HttpStatus.Code known = HttpStatus.getCode(status);
        yield known == null
            ? "The request failed with status " + status + "."
            : known.getMessage() + ".";
      }
    };
  }
}

/**
 * Implementation details of {@code io.qvit.data}: JPEG header scanning, libjpeg's colour
 * conversion, PIL's resampling kernels and coefficient tables, list-file parsers and the batch
 * iterator. Nothing here is API; it may change without notice.
 */
package io.qvit.data.internal;

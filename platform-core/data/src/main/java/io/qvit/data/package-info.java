/**
 * The image data pipeline: decoding JPEG and PNG files to 8-bit RGB the way PIL does, PIL-exact
 * resampling, timm/torchvision evaluation preprocessing, labelled image datasets (a folder with a
 * {@code labels.txt}, a class-folder tree, a list file, IDX files) and a streaming, parallel batch
 * loader that skips unreadable images instead of aborting.
 *
 * <p>Everything here runs on the launcher's class path; implementation details live in
 * {@code io.qvit.data.internal} and are not part of the contract.
 */
package io.qvit.data;

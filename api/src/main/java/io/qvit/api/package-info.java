/**
 * The root of qvit's service API: how a plugin names itself to the platform.
 *
 * <p>Every plugin service is published through Declarative Services and annotated with
 * {@link io.qvit.api.QvitPlugin}, which turns its id and citation into service properties.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.qvit.api;

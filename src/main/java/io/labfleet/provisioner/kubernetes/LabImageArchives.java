package io.labfleet.provisioner.kubernetes;

/**
 * Names of the {@code docker save} archives in the lab-images image ({@code image/lab-images/build} writes them
 * with the same rule): the image reference with {@code :latest} when it names no tag, {@code /} written as
 * {@code +}, and {@code .tar}. {@code nginx} is {@code nginx:latest.tar}, {@code team/app:1.0} is
 * {@code team+app:1.0.tar}.
 */
final class LabImageArchives {

    private LabImageArchives() {
    }

    static String fileName(String image) {
        String reference = image.strip();
        int lastSlash = reference.lastIndexOf('/');
        boolean tagged = reference.indexOf(':', lastSlash + 1) >= 0 || reference.contains("@");
        return (tagged ? reference : reference + ":latest").replace('/', '+') + ".tar";
    }
}

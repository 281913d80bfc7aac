package dev.libcontainerd.oci;
import com.fasterxml.jackson.databind.node.ObjectNode;
public final class LinuxResources {
  final ObjectNode n;
  LinuxResources(ObjectNode n){this.n=n;}
  public static LinuxResources fromJson(String j){ try { return new LinuxResources((ObjectNode)Spec.M.readTree(j)); } catch(Exception e){ throw new dev.libcontainerd.errdefs.InvalidParameterException(e.getMessage()); } }
  public String toJson(){ return n.toString(); }
}

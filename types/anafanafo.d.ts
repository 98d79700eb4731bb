declare module "anafanafo" {
  /** Text width in pixels as shields.io measures it (Verdana 11px or 110px). */
  export default function anafanafo(
    text: string,
    options?: { font?: "11px Verdana" | "bold 11px Verdana" | "10px Verdana" | "bold 10px Verdana" },
  ): number;
}
